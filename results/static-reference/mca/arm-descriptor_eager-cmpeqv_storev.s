	movw r0, #4896
	movt r0, #7
	add r0, pc, r0
	str r0, [lr, #8]
	ldr ip, [lr, #4]
	cmp r2, ip
	bne .Lout
	ldr ip, [r1]
	cmp r3, ip
	bne .Lout
	str r4, [r1]
	mov ip, #0
	str ip, [lr, #8]
.Lout:
