	movw r2, #13748
	movt r2, #5
	add r2, pc, r2
	add r0, pc, #84
	str r0, [r7, #8]
	ldr ip, [r6, #4]
	cmp r8, ip
	bne .Lout
	ldr ip, [r4]
	cmp r5, ip
	bne .Lout
	ldr r1, [sp, #8]
	ldr r3, [sp, #4]
	ldr lr, [sp, #12]
	cmp lr, #0
	beq .Lb10eb8
	nop 
	nop 
	nop 
.Lb10ea0:
	ldrb r0, [r1]
	strb r0, [r3]
	add r1, r1, #1
	add r3, r3, #1
	subs lr, lr, #1
	bne .Lb10ea0
.Lb10eb8:
	str r9, [r4]
	mov ip, #0
	str ip, [r7, #8]
.Lout:
