	adrp x15, .Lout
	add x15, x15, #0x394
	adrp x9, .Lout
	add x9, x9, #0xf5c
	str x9, [x0, #8]
	ldr w13, [x5, #4]
	cmp w6, w13
	b.ne .Lout
	ldr x13, [x7]
	cmp x3, x13
	b.ne .Lout
	str x8, [x1]
	str x10, [x7]
	str xzr, [x0, #8]
.Lout:
