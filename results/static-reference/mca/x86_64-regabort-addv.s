	lea 0x2af4(%rip),%rcx
	lea 0x16(%rip),%rax
	mov %rax,0x8(%rsi)
	cmp %edi,0x4(%rdx)
	jne .Lout
	mov (%r8),%rax
	add %r9,%rax
	mov %rax,(%r8)
	movq $0x0,0x8(%rsi)
.Lout:
