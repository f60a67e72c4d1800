	lea 0x6626(%rip),%rax
	mov %rax,0x8(%r9)
	cmp %r10d,0x4(%r9)
	jne .Lout
	cmp %r8,(%r11)
	jne .Lout
	mov %rcx,%rdx
	mov %rbx,%rsi
	mov %rbp,%rdi
	test %rdi,%rdi
	je .Lb4472
	nop 
.Lb4460:
	mov (%rdx),%al
	mov %al,(%rsi)
	add $0x1,%rdx
	add $0x1,%rsi
	sub $0x1,%rdi
	jne .Lb4460
.Lb4472:
	mov %r12,(%r11)
	movq $0x0,0x8(%r9)
.Lout:
