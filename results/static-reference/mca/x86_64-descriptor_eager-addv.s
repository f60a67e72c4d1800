	lea 0x676b(%rip),%rax
	mov %rax,0x8(%rdx)
	cmp %ecx,0x4(%rdx)
	jne .Lout
	mov (%rsi),%rax
	add %rdi,%rax
	mov %rax,(%rsi)
	movq $0x0,0x8(%rdx)
.Lout:
