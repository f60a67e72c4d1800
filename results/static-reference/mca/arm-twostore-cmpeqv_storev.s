	movw r0, #13528
	movt r0, #5
	add r0, pc, r0
	str r0, [r4]
	add r0, pc, #28
	str r0, [r4, #8]
	ldr ip, [lr, #4]
	cmp r2, ip
	bne .Lout
	ldr ip, [r1]
	cmp r3, ip
	bne .Lout
	str r5, [r1]
	mov ip, #0
	str ip, [r4, #8]
.Lout:
