	movl $0x80e5f31,(%ecx)
	movl $0x804a41f,0x8(%ecx)
	cmp %esi,0x4(%ebx)
	jne .Lout
	cmp %edx,(%eax)
	jne .Lout
	mov %edi,(%eax)
	movl $0x0,0x8(%ecx)
.Lout:
