	movw r2, #13860
	movt r2, #5
	add r2, pc, r2
	add r0, pc, #32
	str r0, [r5, #8]
	ldr ip, [r4, #4]
	cmp r6, ip
	bne .Lout
	ldr ip, [r1]
	cmp lr, ip
	bne .Lout
	str r7, [r3]
	str r8, [r1]
	mov ip, #0
	str ip, [r5, #8]
.Lout:
