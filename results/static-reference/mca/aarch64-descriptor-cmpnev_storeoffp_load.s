	adrp x9, .Lout
	add x9, x9, #0x120
	str x9, [x0, #8]
	ldr w13, [x0, #4]
	cmp w2, w13
	b.ne .Lout
	ldr x9, [x3]
	cmp x4, x9
	b.eq .Lout
	str x9, [x1]
	add x9, x9, x5
	ldr x9, [x9]
	str x9, [x3]
.Lout:
