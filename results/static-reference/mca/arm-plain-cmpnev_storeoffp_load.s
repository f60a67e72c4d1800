	ldr r0, [r1]
	cmp lr, r0
	beq .Lout
	str r0, [r5]
	add r0, r0, lr
	ldr r0, [r0]
	str r0, [r1]
.Lout:
