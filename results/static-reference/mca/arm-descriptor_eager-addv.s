	movw r0, #4960
	movt r0, #7
	add r0, pc, r0
	str r0, [r3, #8]
	ldr ip, [r3, #4]
	cmp r2, ip
	bne .Lout
	ldr r0, [r1]
	add r0, r0, lr
	str r0, [r1]
	mov ip, #0
	str ip, [r3, #8]
.Lout:
