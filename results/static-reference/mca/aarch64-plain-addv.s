	ldr x9, [x5]
	add x9, x9, x4
	str x9, [x5]
.Lout:
