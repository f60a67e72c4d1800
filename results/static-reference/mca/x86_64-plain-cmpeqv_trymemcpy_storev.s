	cmp %r10,(%r8)
	jne .Lout
	mov %r14,%rdx
	mov %r11,%rsi
	mov %rcx,%rdi
	test %rdi,%rdi
	je .Lb45ed2
	nop 
	xchg %ax,%ax
.Lb45ec0:
	mov (%rdx),%al
	mov %al,(%rsi)
	add $0x1,%rdx
	add $0x1,%rsi
	sub $0x1,%rdi
	jne .Lb45ec0
.Lb45ed2:
	mov %r15,(%r8)
.Lout:
