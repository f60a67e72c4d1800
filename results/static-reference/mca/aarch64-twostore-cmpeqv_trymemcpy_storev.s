	adrp x9, .Lout
	add x9, x9, #0x40c
	str x9, [x0]
	adrp x9, .Lout
	add x9, x9, #0x29c
	str x9, [x0, #8]
	ldr w13, [x5, #4]
	cmp w6, w13
	b.ne .Lout
	ldr x13, [x7]
	cmp x3, x13
	b.ne .Lout
	mov x10, x4
	mov x11, x1
	mov x12, x8
	cbz x12, .Lb401298
	nop 
	nop 
	nop 
	nop 
	nop 
	nop 
.Lb401280:
	ldrb w9, [x10]
	strb w9, [x11]
	add x10, x10, #0x1
	add x11, x11, #0x1
	subs x12, x12, #0x1
	b.ne .Lb401280
.Lb401298:
	str x14, [x7]
	str xzr, [x0, #8]
.Lout:
