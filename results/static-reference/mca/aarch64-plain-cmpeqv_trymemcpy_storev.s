	ldr x13, [x2]
	cmp x0, x13
	b.ne .Lout
	mov x10, x7
	mov x11, x6
	mov x12, x4
	cbz x12, .Lb40a9b8
	nop 
	nop 
.Lb40a9a0:
	ldrb w9, [x10]
	strb w9, [x11]
	add x10, x10, #0x1
	add x11, x11, #0x1
	subs x12, x12, #0x1
	b.ne .Lb40a9a0
.Lb40a9b8:
	str x3, [x2]
.Lout:
