	adrp x9, .Lout
	add x9, x9, #0x180
	str x9, [x0, #8]
	ldr w13, [x0, #4]
	cmp w2, w13
	b.ne .Lout
	ldr x9, [x1]
	add x9, x9, x3
	str x9, [x1]
	str xzr, [x0, #8]
.Lout:
