	lea 0x2868(%rip),%rax
	mov %rax,(%rdi)
	lea 0x26(%rip),%rax
	mov %rax,0x8(%rdi)
	cmp %r8d,0x4(%rcx)
	jne .Lout
	mov (%r9),%rax
	cmp %rdx,%rax
	je .Lout
	mov %rax,(%rsi)
	add %r10,%rax
	mov (%rax),%rax
	mov %rax,(%r9)
	movq $0x0,0x8(%rdi)
.Lout:
