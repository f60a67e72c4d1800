	mov $0x80e5e96,%ecx
	movl $0x804a10f,0x8(%esi)
	cmp %edi,0x4(%ebx)
	jne .Lout
	cmp %edx,(%eax)
	jne .Lout
	mov %ebp,(%eax)
	movl $0x0,0x8(%esi)
.Lout:
