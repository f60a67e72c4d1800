	ldr ip, [r6]
	cmp r5, ip
	bne .Lout
	str r5, [r1]
	str r7, [r6]
.Lout:
