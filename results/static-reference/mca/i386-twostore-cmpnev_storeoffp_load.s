	movl $0x80e5f50,(%edi)
	movl $0x804a4a4,0x8(%edi)
	cmp %ecx,0x4(%esi)
	jne .Lout
	mov %ebp,%edx
	mov (%edx),%eax
	cmp (%ebx),%eax
	je .Lout
	mov (%esp),%edx
	mov %eax,(%edx)
	add $0x0,%eax
	mov (%eax),%eax
	mov %ebp,%edx
	mov %eax,(%edx)
	movl $0x0,0x8(%edi)
.Lout:
