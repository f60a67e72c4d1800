	movw r2, #14120
	movt r2, #5
	add r2, pc, r2
	add r0, pc, #24
	str r0, [lr, #8]
	ldr ip, [r3, #4]
	cmp r4, ip
	bne .Lout
	ldr r0, [r1]
	add r0, r0, r5
	str r0, [r1]
	mov ip, #0
	str ip, [lr, #8]
.Lout:
