	movw r0, #5168
	movt r0, #7
	add r0, pc, r0
	str r0, [lr, #8]
	ldr ip, [lr, #4]
	cmp r4, ip
	bne .Lout
	ldr ip, [r5]
	cmp r3, ip
	bne .Lout
	str r6, [r1]
	str r2, [r5]
.Lout:
