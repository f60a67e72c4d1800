	movw r0, #13336
	movt r0, #5
	add r0, pc, r0
	str r0, [r5]
	add r0, pc, #32
	str r0, [r5, #8]
	ldr ip, [r4, #4]
	cmp r2, ip
	bne .Lout
	ldr ip, [r1]
	cmp lr, ip
	bne .Lout
	str r6, [r3]
	str r7, [r1]
	mov ip, #0
	str ip, [r5, #8]
.Lout:
