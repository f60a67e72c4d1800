	lea 0x290a(%rip),%rax
	mov %rax,(%rcx)
	lea 0x16(%rip),%rax
	mov %rax,0x8(%rcx)
	cmp %esi,0x4(%rdx)
	jne .Lout
	mov (%r8),%rax
	add %rdi,%rax
	mov %rax,(%r8)
	movq $0x0,0x8(%rcx)
.Lout:
