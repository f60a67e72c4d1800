	adrp x9, .Lout
	add x9, x9, #0x160
	str x9, [x3, #8]
	ldr w13, [x3, #4]
	cmp w4, w13
	b.ne .Lout
	ldr x13, [x5]
	cmp x0, x13
	b.ne .Lout
	mov x10, x6
	mov x11, x1
	mov x12, x7
	cbz x12, .Lb4014b8
	nop 
.Lb4014a0:
	ldrb w9, [x10]
	strb w9, [x11]
	add x10, x10, #0x1
	add x11, x11, #0x1
	subs x12, x12, #0x1
	b.ne .Lb4014a0
.Lb4014b8:
	str x8, [x5]
.Lout:
