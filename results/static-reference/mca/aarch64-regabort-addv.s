	adrp x15, .Lout
	add x15, x15, #0x358
	adrp x9, .Lout
	add x9, x9, #0xe18
	str x9, [x0, #8]
	ldr w13, [x2, #4]
	cmp w3, w13
	b.ne .Lout
	ldr x9, [x1]
	add x9, x9, x4
	str x9, [x1]
	str xzr, [x0, #8]
.Lout:
