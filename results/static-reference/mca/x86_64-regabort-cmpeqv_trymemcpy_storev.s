	lea 0x2983(%rip),%rcx
	lea 0x3d(%rip),%rax
	mov %rax,0x8(%r11)
	cmp %ebx,0x4(%r10)
	jne .Lout
	cmp %r9,0x0(%rbp)
	jne .Lout
	mov %r8,%rdx
	mov %r12,%rsi
	mov %r13,%rdi
	test %rdi,%rdi
	je .Lb3d72
	nop 
.Lb3d60:
	mov (%rdx),%al
	mov %al,(%rsi)
	add $0x1,%rdx
	add $0x1,%rsi
	sub $0x1,%rdi
	jne .Lb3d60
.Lb3d72:
	mov %r14,0x0(%rbp)
	movq $0x0,0x8(%r11)
.Lout:
