	lea 0x2789(%rip),%rax
	mov %rax,(%r10)
	lea 0x3a(%rip),%rax
	mov %rax,0x8(%r10)
	cmp %r11d,0x4(%r9)
	jne .Lout
	cmp %r8,(%rbx)
	jne .Lout
	mov %rcx,%rdx
	mov %rbp,%rsi
	mov %r12,%rdi
	test %rdi,%rdi
	je .Lb4012
.Lb4000:
	mov (%rdx),%al
	mov %al,(%rsi)
	add $0x1,%rdx
	add $0x1,%rsi
	sub $0x1,%rdi
	jne .Lb4000
.Lb4012:
	mov %r13,(%rbx)
	movq $0x0,0x8(%r10)
.Lout:
