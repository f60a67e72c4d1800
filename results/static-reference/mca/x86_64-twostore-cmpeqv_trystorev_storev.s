	lea 0x27fc(%rip),%rax
	mov %rax,(%rdi)
	lea 0x1d(%rip),%rax
	mov %rax,0x8(%rdi)
	cmp %edx,0x4(%r8)
	jne .Lout
	cmp %rcx,(%r9)
	jne .Lout
	mov %r10,(%rsi)
	mov %r11,(%r9)
	movq $0x0,0x8(%rdi)
.Lout:
