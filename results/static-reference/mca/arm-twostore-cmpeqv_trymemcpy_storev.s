	movw r0, #13220
	movt r0, #5
	add r0, pc, r0
	str r0, [r7]
	add r0, pc, #84
	str r0, [r7, #8]
	ldr ip, [r5, #4]
	cmp r6, ip
	bne .Lout
	ldr ip, [r2]
	cmp r4, ip
	bne .Lout
	ldr r1, [sp, #8]
	ldr r3, [sp, #4]
	ldr lr, [sp, #12]
	cmp lr, #0
	beq .Lb11158
	nop 
	nop 
	nop 
.Lb11140:
	ldrb r0, [r1]
	strb r0, [r3]
	add r1, r1, #1
	add r3, r3, #1
	subs lr, lr, #1
	bne .Lb11140
.Lb11158:
	str r8, [r2]
	mov ip, #0
	str ip, [r7, #8]
.Lout:
