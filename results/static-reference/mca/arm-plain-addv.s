	ldr r0, [r3]
	add r0, r0, lr
	str r0, [r3]
.Lout:
