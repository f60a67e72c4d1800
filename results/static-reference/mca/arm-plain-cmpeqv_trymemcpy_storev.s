	ldr ip, [r7]
	cmp r8, ip
	bne .Lout
	ldr r1, [sp, #32]
	ldr r3, [sp, #28]
	ldr lr, [sp, #36]
	cmp lr, #0
	beq .Lb1a3b8
	nop 
	nop 
	nop 
	nop 
.Lb1a3a0:
	ldrb r0, [r1]
	strb r0, [r3]
	add r1, r1, #1
	add r3, r3, #1
	subs lr, lr, #1
	bne .Lb1a3a0
.Lb1a3b8:
	str sl, [r7]
.Lout:
