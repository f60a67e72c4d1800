	movw r0, #4628
	movt r0, #7
	add r0, pc, r0
	str r0, [r5, #8]
	ldr ip, [r5, #4]
	cmp r2, ip
	bne .Lout
	ldr ip, [r6]
	cmp r4, ip
	bne .Lout
	ldr r1, [sp, #8]
	ldr r3, [sp, #4]
	ldr lr, [sp, #12]
	cmp lr, #0
	beq .Lb115f8
	nop 
	nop 
.Lb115e0:
	ldrb r0, [r1]
	strb r0, [r3]
	add r1, r1, #1
	add r3, r3, #1
	subs lr, lr, #1
	bne .Lb115e0
.Lb115f8:
	str r7, [r6]
	mov ip, #0
	str ip, [r5, #8]
.Lout:
