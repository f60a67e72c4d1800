	lea 0x66e5(%rip),%rax
	mov %rax,0x8(%rcx)
	cmp %edi,0x4(%rcx)
	jne .Lout
	mov (%r8),%rax
	cmp %rdx,%rax
	je .Lout
	mov %rax,(%rsi)
	add %r9,%rax
	mov (%rax),%rax
	mov %rax,(%r8)
	movq $0x0,0x8(%rcx)
.Lout:
