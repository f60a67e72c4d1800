	lea 0x2ab6(%rip),%rcx
	lea 0x1a(%rip),%rax
	mov %rax,0x8(%rdi)
	cmp %edx,0x4(%r9)
	jne .Lout
	cmp %r8,(%rsi)
	jne .Lout
	mov %r10,(%rsi)
	movq $0x0,0x8(%rdi)
.Lout:
