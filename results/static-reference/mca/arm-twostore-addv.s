	movw r0, #13608
	movt r0, #5
	add r0, pc, r0
	str r0, [r2]
	add r0, pc, #24
	str r0, [r2, #8]
	ldr ip, [r3, #4]
	cmp lr, ip
	bne .Lout
	ldr r0, [r1]
	add r0, r0, r4
	str r0, [r1]
	mov ip, #0
	str ip, [r2, #8]
.Lout:
