	movw r0, #13444
	movt r0, #5
	add r0, pc, r0
	str r0, [lr]
	add r0, pc, #40
	str r0, [lr, #8]
	ldr ip, [r3, #4]
	cmp r4, ip
	bne .Lout
	ldr r0, [r2]
	cmp r5, r0
	beq .Lout
	str r0, [r1]
	add r0, r0, r6
	ldr r0, [r0]
	str r0, [r2]
	mov ip, #0
	str ip, [lr, #8]
.Lout:
