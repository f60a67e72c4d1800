	movw r0, #4828
	movt r0, #7
	add r0, pc, r0
	str r0, [r3, #8]
	ldr ip, [r3, #4]
	cmp lr, ip
	bne .Lout
	ldr r0, [r4]
	cmp r2, r0
	beq .Lout
	str r0, [r1]
	add r0, r0, r5
	ldr r0, [r0]
	str r0, [r4]
	mov ip, #0
	str ip, [r3, #8]
.Lout:
