	adrp x9, .Lout
	add x9, x9, #0x1e0
	str x9, [x3, #8]
	ldr w13, [x3, #4]
	cmp w4, w13
	b.ne .Lout
	ldr x13, [x5]
	cmp x0, x13
	b.ne .Lout
	str x6, [x1]
	str x7, [x5]
	str xzr, [x3, #8]
.Lout:
