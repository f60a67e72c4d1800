	lea 0x6687(%rip),%rax
	mov %rax,0x8(%rdi)
	cmp %edx,0x4(%rdi)
	jne .Lout
	cmp %rcx,(%r8)
	jne .Lout
	mov %r9,(%rsi)
	mov %r10,(%r8)
	movq $0x0,0x8(%rdi)
.Lout:
