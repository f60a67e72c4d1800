	ldr x13, [x2]
	cmp x0, x13
	b.ne .Lout
	str x3, [x2]
.Lout:
