	movl $0x80e5f12,(%ecx)
	movl $0x804a3a8,0x8(%ecx)
	cmp %ebx,0x4(%edx)
	jne .Lout
	mov (%edi),%eax
	add %esi,%eax
	mov %eax,(%edi)
	movl $0x0,0x8(%ecx)
.Lout:
