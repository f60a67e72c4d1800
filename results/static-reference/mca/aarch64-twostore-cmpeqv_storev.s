	adrp x9, .Lout
	add x9, x9, #0x3d0
	str x9, [x0]
	adrp x9, .Lout
	add x9, x9, #0xe8
	str x9, [x0, #8]
	ldr w13, [x4, #4]
	cmp w2, w13
	b.ne .Lout
	ldr x13, [x1]
	cmp x3, x13
	b.ne .Lout
	str x5, [x1]
	str xzr, [x0, #8]
.Lout:
