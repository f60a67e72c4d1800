	lea 0x2a63(%rip),%rcx
	lea 0x26(%rip),%rax
	mov %rax,0x8(%rdi)
	cmp %r9d,0x4(%r8)
	jne .Lout
	mov (%r10),%rax
	cmp %rdx,%rax
	je .Lout
	mov %rax,(%rsi)
	add %r11,%rax
	mov (%rax),%rax
	mov %rax,(%r10)
	movq $0x0,0x8(%rdi)
.Lout:
