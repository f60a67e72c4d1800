	adrp x15, .Lout
	add x15, x15, #0x380
	adrp x9, .Lout
	add x9, x9, #0xee8
	str x9, [x0, #8]
	ldr w13, [x3, #4]
	cmp w2, w13
	b.ne .Lout
	ldr x9, [x4]
	cmp x5, x9
	b.eq .Lout
	str x9, [x1]
	add x9, x9, x6
	ldr x9, [x9]
	str x9, [x4]
	str xzr, [x0, #8]
.Lout:
