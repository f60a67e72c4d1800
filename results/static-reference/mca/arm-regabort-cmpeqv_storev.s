	movw r2, #14044
	movt r2, #5
	add r2, pc, r2
	add r0, pc, #28
	str r0, [r4, #8]
	ldr ip, [lr, #4]
	cmp r5, ip
	bne .Lout
	ldr ip, [r1]
	cmp r3, ip
	bne .Lout
	str r6, [r1]
	mov ip, #0
	str ip, [r4, #8]
.Lout:
