	movl $0x8127580,0x8(%ecx)
	cmp %ebx,0x4(%ecx)
	jne .Lout
	cmp %edx,(%eax)
	jne .Lout
	mov %esi,(%eax)
.Lout:
