	ldr ip, [r1]
	cmp lr, ip
	bne .Lout
	str r5, [r1]
.Lout:
