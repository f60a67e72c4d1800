	lea 0x68a8(%rip),%rax
	mov %rax,0x8(%rdi)
	cmp %edx,0x4(%rdi)
	jne .Lout
	cmp %rcx,(%rsi)
	jne .Lout
	mov %r8,(%rsi)
.Lout:
