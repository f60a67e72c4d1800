	ldr x9, [x5]
	cmp x4, x9
	b.eq .Lout
	str x9, [x0]
	add x9, x9, x4
	ldr x9, [x9]
	str x9, [x5]
.Lout:
