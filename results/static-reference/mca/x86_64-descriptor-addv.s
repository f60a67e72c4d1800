	lea 0x68db(%rip),%rax
	mov %rax,0x8(%rdx)
	cmp %ecx,0x4(%rdx)
	jne .Lout
	mov (%rsi),%rax
	add %rdi,%rax
	mov %rax,(%rsi)
.Lout:
