	adrp x9, .Lout
	add x9, x9, #0x1a0
	str x9, [x3, #8]
	ldr w13, [x3, #4]
	cmp w2, w13
	b.ne .Lout
	ldr x13, [x1]
	cmp x0, x13
	b.ne .Lout
	str x4, [x1]
	str xzr, [x3, #8]
.Lout:
