	movl $0x80e5f6f,(%ebx)
	movl $0x804a543,0x8(%ebx)
	cmp %esi,0x4(%ebp)
	jne .Lout
	mov %ecx,%eax
	cmp %eax,(%edi)
	jne .Lout
	mov (%esp),%eax
	mov $0xa,%edx
	mov %edx,(%eax)
	mov 0x4(%esp),%eax
	mov %eax,(%edi)
	movl $0x0,0x8(%ebx)
.Lout:
