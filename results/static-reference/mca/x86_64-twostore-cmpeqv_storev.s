	lea 0x28bb(%rip),%rax
	mov %rax,(%rdi)
	lea 0x1a(%rip),%rax
	mov %rax,0x8(%rdi)
	cmp %edx,0x4(%r8)
	jne .Lout
	cmp %rcx,(%rsi)
	jne .Lout
	mov %r9,(%rsi)
	movq $0x0,0x8(%rdi)
.Lout:
