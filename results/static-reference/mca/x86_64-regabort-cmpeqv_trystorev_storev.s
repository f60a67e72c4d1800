	lea 0x29f6(%rip),%rcx
	lea 0x1d(%rip),%rax
	mov %rax,0x8(%rdi)
	cmp %edx,0x4(%r9)
	jne .Lout
	cmp %r8,(%r10)
	jne .Lout
	mov %r11,(%rsi)
	mov %rbx,(%r10)
	movq $0x0,0x8(%rdi)
.Lout:
